import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installBrowserBridge } from './browser-bridge';
import './styles.css';

// In Electron the preload has already put `window.api` in place; in a plain browser (the `npm run demo`
// bridge) it is absent and the HTTP implementation stands in with the same contract.
if (!('api' in window) || !window.api) installBrowserBridge(window);

const root = document.getElementById('root');
if (!root) throw new Error('Missing #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
