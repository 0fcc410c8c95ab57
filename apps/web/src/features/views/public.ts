// What other features may use of views: the list above the filters and the pinned cards of the Overview.
export { PinnedViews } from './components/pinned-views.tsx';
export { ViewsPanel } from './components/views-panel.tsx';
