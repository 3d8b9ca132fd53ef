/** Every view of the studio, registered in tab order: one line per view. */
import { registerView } from './registry.js';
import { scoreView } from './score/score-view.js';

registerView(scoreView);
