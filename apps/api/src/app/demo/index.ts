export { DEMO_DEPARTMENTS, DEMO_PASSWORD, demoAccounts } from './demo-data';
export { seedDemoDiscussion } from './demo-discussion';
export { seedDemoData } from './demo-seeder';
export { seedDemoWorkflow } from './demo-workflow';
