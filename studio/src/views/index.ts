/** Every view of the studio, registered in tab order: one line per view. */
import { registerView } from './registry.js';
import { scoreView } from './score/score-view.js';
import { notationView } from './notation/notation-view.js';
import { wormView } from './worm/worm-view.js';
import { ringView } from './ring/ring-view.js';
import { duetView } from './duet/duet-view.js';
import { resonanceView } from './resonance/resonance-view.js';
import { composerView } from './composers/composer-view.js';

registerView(scoreView);
registerView(notationView);
registerView(wormView);
registerView(ringView);
registerView(duetView);
registerView(resonanceView);
registerView(composerView);
