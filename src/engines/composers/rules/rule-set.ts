/**
 * The rule set as a JSON file (`compose --engine rules --params rules.json`): which rules are on and their limits.
 * Unknown rules and bad limits are errors naming the file.
 */
import { z } from 'zod';
import { FormatError } from '../../../formats/errors.js';
import { DEFAULT_MELODY_RULES, MELODY_RULE_IDS, type MelodyRuleSet } from './melody-rules.js';

const schema = z
  .object({
    rules: z.array(z.enum(MELODY_RULE_IDS)).optional(),
    maxRange: z.number().int().min(0).max(48).optional(),
    maxLeap: z.number().int().min(1).max(24).optional(),
    maxRepeats: z.number().int().min(1).max(16).optional(),
    minStepShare: z.number().min(0).max(1).optional(),
  })
  .strict();

/**
 * Parses a rule-set file's JSON value; defaults fill what it leaves out.
 * @example
 * parseMelodyRuleSet({ maxRange: 12 }, 'rules.json').maxRange; // → 12
 */
export function parseMelodyRuleSet(value: unknown, file: string): MelodyRuleSet {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') throw new FormatError(file, `unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (settings: rules, maxRange, maxLeap, maxRepeats, minStepShare)`);
    const where = issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'the file';
    const hint = issue.path[0] === 'rules' ? ` (rules: ${MELODY_RULE_IDS.join(', ')})` : '';
    throw new FormatError(file, `${where}: ${issue.message}${hint}`);
  }
  return { ...DEFAULT_MELODY_RULES, ...r.data } as MelodyRuleSet;
}
