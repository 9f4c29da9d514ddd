import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';
import { takeWallToken } from './wall/wall-token';

// Before anything renders: the token leaves the address bar at once.
const wallToken = takeWallToken();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App wallToken={wallToken} />
  </StrictMode>,
);
