// Placeholder until the console issue lands: the Electron shell is built in issue 5.
import { app } from 'electron';

void app.whenReady().then(() => {
  console.log('Ringside console is not built yet; use the ringside CLI.');
  app.quit();
});
