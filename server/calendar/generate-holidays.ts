/**
 * Prints a year's calendar entries by the Labour Code's rule, as JSON to paste into
 * data/holidays-vn.json when a new year is added:
 *
 *   bash scripts/node.sh server/calendar/generate-holidays.ts 2031 [2032 …]
 *
 * When the Government announces the year's schedule (Tết days, the 2/9 companion day,
 * swapped and make-up days), edit those entries by hand and mark them "official"
 * with the announcement in "ref".
 */
import { ruleCalendar } from './holiday-rules.ts';

const years = process.argv.slice(2).map(Number);
if (years.length === 0 || years.some((y) => !Number.isInteger(y) || y < 1900 || y > 2199)) {
  console.error('usage: generate-holidays.ts <year> [year …]   (1900–2199)');
  process.exit(2);
}
const entries = years.flatMap((y) => ruleCalendar(y));
console.log(entries.map((e) => '    ' + JSON.stringify(e)).join(',\n'));
