import { underConstruction } from '../components/under-construction.ts';

export function render(): Node {
  return underConstruction('nav.minutes', 'page.minutes.intro');
}
