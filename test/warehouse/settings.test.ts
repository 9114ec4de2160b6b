import { describe, expect, it } from 'vitest';
import { Warehouse } from '../../src/warehouse/db.ts';

describe('Warehouse.withSettings', () => {
  it('applies the settings for the work only, and restores them even when the work fails', async () => {
    const db = await Warehouse.open(':memory:');
    try {
      await db.run(`SET memory_limit = '2GiB'`);
      const before = await db.settings(['memory_limit', 'preserve_insertion_order']);
      const inside = await db.withSettings({ memory_limit: '512MB', preserve_insertion_order: 'false' }, () =>
        db.settings(['memory_limit', 'preserve_insertion_order']),
      );
      expect(inside.preserve_insertion_order).toBe('false');
      expect(inside.memory_limit).not.toBe(before.memory_limit);
      await expect(
        db.withSettings({ preserve_insertion_order: 'false' }, async () => {
          throw new Error('work failed');
        }),
      ).rejects.toThrow('work failed');
      expect(await db.settings(['memory_limit', 'preserve_insertion_order'])).toEqual(before);
    } finally {
      db.close();
    }
  });
});
