import { underConstruction } from '../components/under-construction.ts';

export function render(): Node {
  return underConstruction('nav.live', 'page.live.intro');
}
