// Be Vietnam Pro was drawn for Vietnamese: stacked diacritics (ễ, ặ, ở) stay legible at
// small sizes. Each weight's CSS carries the vietnamese, latin-ext and latin subsets with
// unicode-range, so the browser fetches only the files a page needs.
import '@fontsource/be-vietnam-pro/400.css';
import '@fontsource/be-vietnam-pro/600.css';
import '@fontsource/be-vietnam-pro/700.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/forms.css';
import './styles/unit-picker.css';
// Meetings, invitations and notifications: every signed-in page shows some of it.
import './styles/meetings.css';
import './styles/home.css';
import './styles/reports.css';
import { startApp } from './app.ts';

const root = document.getElementById('app');
if (!root) throw new Error('#app is missing from index.html');
startApp(root);
