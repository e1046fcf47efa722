import { createRoot } from 'react-dom/client';
import { PopupApp } from '../../components/popup/PopupApp';
import '../../assets/options.css';

createRoot(document.getElementById('root')!).render(<PopupApp />);
