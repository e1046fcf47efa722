import { createRoot } from 'react-dom/client';
import '../../assets/options.css';
import '../../assets/dashboard.css';
import './console.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(<App />);
