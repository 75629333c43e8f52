import { Divider } from 'antd';
import { useLibrary } from '../use-host';
import { DictionaryEditor } from './DictionaryEditor';
import { PrerenderPanel } from './PrerenderPanel';
import { VoiceSettings } from './VoiceSettings';

/** The speech part of the settings drawer: voice, pronunciation dictionary, rendering ahead of air. */
export function SpeechSettingsSection(): React.JSX.Element | null {
  const { library } = useLibrary();
  if (!library) return null;
  return (
    <div data-testid="speech-settings">
      <VoiceSettings key={JSON.stringify(library.settings.speech)} speech={library.settings.speech} locale={library.settings.locale} />
      <Divider />
      <DictionaryEditor />
      <Divider />
      <PrerenderPanel playlists={library.playlists} />
    </div>
  );
}
