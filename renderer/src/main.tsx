import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { platformSessionDeps } from './api/use-session';
import { App } from './app/App';
import { initI18n } from './i18n';
import { registerServiceWorker } from './sw/register';
import './styles.css';

initI18n();

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <App deps={platformSessionDeps()} />
  </StrictMode>,
);

registerServiceWorker();
