import { underConstruction } from '../components/under-construction.ts';

export function render(): Node {
  return underConstruction('nav.reports', 'page.reports.intro');
}
