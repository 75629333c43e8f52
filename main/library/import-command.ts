import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_FAILURE, EXIT_OK, UsageError, resolveDataDir, type CliCommand } from '../cli/main';
import { applyImport, previewImport } from './import';
import { decodeImportBytes } from './import-products';
import { openLibrary } from './open-library';

/** `import FILE`: products from a CSV (zh-CN or en-US headers, UTF-8 or GBK) or a JSON store bundle. Nothing is saved when the file has errors. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import products (CSV) or a store bundle (JSON) into the library; nothing is saved if the file has errors',
  usage: [
    'import FILE [--dry-run] [--data-dir DIR] [--format csv|json]',
    '  FILE             a products CSV (header 名称,价格,… or name,price,…; UTF-8 or GBK) or a .json store bundle',
    '  --dry-run        check the file and print what would change; save nothing',
    '  --data-dir DIR   data folder with the library (default $STAGEHOST_DATA_DIR or a temp folder)',
    '  --format F       csv or json (default: from the file name)',
    '  Errors are printed as FILE:ROW:COLUMN: message (the header is row 1); exit code 1 when there are any.',
  ].join('\n'),
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: { 'dry-run': { type: 'boolean' }, 'data-dir': { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
        strict: true,
        allowPositionals: true,
      });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { values, positionals: files } = parsed;
    if (values.help) {
      io.out(`usage: ${this.usage}`);
      return EXIT_OK;
    }
    const file = files[0];
    if (file === undefined || files.length > 1) throw new UsageError('import: give exactly one FILE');
    const format = values.format ?? (extname(file).toLowerCase() === '.json' ? 'json' : 'csv');
    if (format !== 'csv' && format !== 'json') throw new UsageError(`import: --format must be csv or json, got "${format}"`);
    let bytes: Buffer;
    try {
      bytes = await readFile(resolve(io.cwd, file));
    } catch (e) {
      io.err(`${file}: cannot read the file (${(e as Error).message})`);
      return EXIT_FAILURE;
    }
    const decoded = decodeImportBytes(bytes);
    const started = performance.now();
    const library = openLibrary({ dataDir: resolveDataDir(values['data-dir'], io), locale: 'zh-CN', seedsDir: null });
    try {
      const input = { format, text: decoded.text, encoding: decoded.encoding } as const;
      const result = values['dry-run'] ? previewImport(library.store, input) : applyImport(library.store, input);
      for (const e of result.errors) io.err(`${file}:${e.row}:${e.column || '-'}: ${e.message}`);
      const s = result.summary;
      for (const n of s.notes) io.out(`note: ${n}`);
      const ms = Math.round(performance.now() - started);
      if (result.errors.length > 0) {
        io.err(`${file}: ${result.errors.length} error(s); nothing was saved`);
        return EXIT_FAILURE;
      }
      io.out(
        `${values['dry-run'] ? 'would import' : 'imported'} ${s.products} product(s) and ${s.scripts} script(s): ${s.created} new, ${s.updated} updated (${ms} ms)` +
          `${values['dry-run'] ? ' — dry run, nothing saved' : ''}`,
      );
      return EXIT_OK;
    } finally {
      library.close();
    }
  },
};
