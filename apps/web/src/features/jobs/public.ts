// What other features may use of jobs: the actions menu and dialog, and the list of recent jobs. Lint lets features
// import one another only through such a file.
export { ActionDialog, type ActionRequest } from './components/action-dialog.tsx';
export { ActionsButton } from './components/actions-button.tsx';
export { JobsSection } from './components/jobs-section.tsx';
