import { createRoot } from 'react-dom/client';
import { SidebarApp } from '../../components/sidebar/SidebarApp';
import '../../assets/sidebar.css';

createRoot(document.getElementById('root')!).render(<SidebarApp />);
