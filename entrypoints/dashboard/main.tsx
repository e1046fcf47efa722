import { createRoot } from 'react-dom/client';
import { DashboardApp } from '../../components/dashboard/DashboardApp';
import '../../assets/options.css';
import '../../assets/dashboard.css';

createRoot(document.getElementById('root')!).render(<DashboardApp />);
