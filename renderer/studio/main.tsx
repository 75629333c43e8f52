import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n, initialLocale } from '../i18n';
import i18next from 'i18next';
import { App } from './App';
import { ErrorBoundary } from './ErrorBoundary';
import './studio.css';

const root = document.getElementById('root');
if (!root) throw new Error('studio.html has no #root');

void initI18n(initialLocale()).then(() => {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary
        name="studio"
        fallback={(error) => (
          <div role="alert" data-testid="studio-crashed" style={{ padding: 32, fontFamily: 'sans-serif' }}>
            <h2>{i18next.t('errors.crashed')}</h2>
            <pre style={{ whiteSpace: 'pre-wrap', color: '#a8071a' }}>{error.message}</pre>
            <button type="button" onClick={() => location.reload()}>
              {i18next.t('errors.reload')}
            </button>
          </div>
        )}
      >
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
});
