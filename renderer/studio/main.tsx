import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n, initialLocale } from '../i18n';
import { App } from './App';
import './studio.css';

const root = document.getElementById('root');
if (!root) throw new Error('studio.html has no #root');

void initI18n(initialLocale()).then(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
