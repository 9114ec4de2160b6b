// DSFR styles, fonts and icons come from node_modules and are bundled by Vite: no external host.
import '@gouvfr/dsfr/dist/dsfr.min.css';
import '@gouvfr/dsfr/dist/utility/icons/icons-system/icons-system.min.css';
import '@gouvfr/dsfr/dist/utility/icons/icons-user/icons-user.min.css';
import '@gouvfr/dsfr/dist/utility/icons/icons-document/icons-document.min.css';
import '@gouvfr/dsfr/dist/utility/icons/icons-map/icons-map.min.css';
import '@gouvfr/dsfr/dist/utility/icons/icons-arrows/icons-arrows.min.css';
import '@gouvfr/dsfr/dist/utility/icons/icons-buildings/icons-buildings.min.css';
import '@gouvfr/dsfr/dist/utility/icons/icons-business/icons-business.min.css';
import './style.css';
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.ts';

createApp(App).use(router).mount('#app');
