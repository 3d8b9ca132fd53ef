/**
 * Developer tool: `npm run screenshot -- report.html report.png [width]` renders an HTML report to a PNG in headless
 * Chromium, to look at what a command produced.
 */
import { screenshotHtml } from '../src/node/browser.js';

const [html, png, width] = process.argv.slice(2);
if (!html || !png) {
  console.error('usage: npm run screenshot -- REPORT.html OUT.png [WIDTH]');
  process.exit(2);
}
await screenshotHtml(html, png, width ? Number(width) : 1280);
console.log(`wrote ${png}`);
