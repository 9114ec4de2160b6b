import { createRouter, createWebHistory } from 'vue-router';
import AdminPage from './pages/AdminPage.vue';
import CompanyPage from './pages/CompanyPage.vue';
import EstablishmentPage from './pages/EstablishmentPage.vue';
import FollowsPage from './pages/FollowsPage.vue';
import HelpPage from './pages/HelpPage.vue';
import ListsPage from './pages/ListsPage.vue';
import LoginPage from './pages/LoginPage.vue';
import MapPage from './pages/MapPage.vue';
import NotFoundPage from './pages/NotFoundPage.vue';
import SearchPage from './pages/SearchPage.vue';
import { isAdmin, loadMe, session } from './session.ts';

export const router = createRouter({
  history: createWebHistory(),
  scrollBehavior: () => ({ top: 0 }),
  routes: [
    { path: '/', redirect: '/listes' },
    { path: '/connexion', component: LoginPage, meta: { public: true, title: 'Connexion' } },
    { path: '/listes', component: ListsPage, meta: { title: 'Listes de détection' } },
    { path: '/entreprises/:siren(\\d{9})', component: CompanyPage, meta: { title: 'Fiche entreprise' } },
    { path: '/etablissements/:siret(\\d{14})', component: EstablishmentPage, meta: { title: 'Fiche établissement' } },
    { path: '/recherche', component: SearchPage, meta: { title: 'Recherche' } },
    { path: '/suivis', component: FollowsPage, meta: { title: 'Mes suivis' } },
    { path: '/carte', component: MapPage, meta: { title: 'Carte' } },
    { path: '/aide', component: HelpPage, meta: { title: 'Aide' } },
    { path: '/admin', component: AdminPage, meta: { title: 'Administration', admin: true } },
    { path: '/:pathMatch(.*)*', component: NotFoundPage, meta: { public: true, title: 'Page introuvable' } },
  ],
});

router.beforeEach(async (to) => {
  if (!session.loaded) await loadMe();
  if (to.path === '/connexion' && session.me) return '/listes';
  if (!to.meta.public && !session.me)
    return { path: '/connexion', query: to.fullPath !== '/listes' ? { redirect: to.fullPath } : {} };
  if (to.meta.admin && !isAdmin()) return '/listes';
  return true;
});

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? 'Signaux Faibles')} – Signaux Faibles`;
});
