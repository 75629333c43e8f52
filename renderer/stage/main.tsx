import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { getBridge } from '../bridge';
import { createStageI18n } from './i18n';
import { fileUrlOf } from './media-url';
import { readStageParams } from './params';
import { renderSettings } from './quality';
import { StageRuntime } from './runtime';
import { StageApp } from './StageApp';
import './stage.css';

const params = readStageParams(location.search, navigator.language);
document.documentElement.lang = params.locale;
const i18n = createStageI18n(params.locale);
// A fixed title: OBS window capture finds the stage window by it.
document.title = params.role === 'program' ? 'StageHost Stage' : 'StageHost Stage (preview)';

const render = renderSettings(params.quality);
const bridge = getBridge();
const runtime = new StageRuntime(bridge, params, { frameLog: new URLSearchParams(location.search).get('framelog') === '1' });
window.addEventListener('pagehide', () => runtime.dispose(), { once: true });

const container = document.getElementById('root');
if (!container) throw new Error('stage.html has no #root');
createRoot(container).render(
  <I18nextProvider i18n={i18n}>
    <StageApp runtime={runtime} params={params} render={render} fileUrl={fileUrlOf(bridge)} />
  </I18nextProvider>,
);
