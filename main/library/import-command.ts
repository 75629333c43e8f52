import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_FAILURE, EXIT_OK, UsageError, resolveDataDir, type CliCommand } from '../cli/main';
import { applyImport, previewImport } from './import';
import { decodeImportBytes, importFormatOf, type ImportInput } from '../../shared/import';
import { openLibrary } from './open-library';

/** `import FILE`: products from a CSV (zh-CN or en-US headers, UTF-8 or GBK) or an .xlsx spreadsheet, or a JSON store bundle. Nothing is saved when the file has errors. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import products (CSV or XLSX) or a store bundle (JSON) into the library; nothing is saved if the file has errors',
  usage: [
    'import FILE [--dry-run] [--data-dir DIR] [--format csv|xlsx|json]',
    '  FILE             a products CSV (header 名称,价格,… or name,price,…; UTF-8 or GBK), an .xlsx spreadsheet, or a .json store bundle',
    '  --dry-run        check the file and print what would change; save nothing',
    '  --data-dir DIR   data folder with the library (default $STAGEHOST_DATA_DIR or a temp folder)',
    '  --format F       csv, xlsx or json (default: from the file name)',
    '  Errors are printed as FILE:ROW:COLUMN: message (the header is row 1; the cell, e.g. C3, and the sheet follow); exit code 1 when there are any.',
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
    const format = values.format ?? importFormatOf(file);
    if (format !== 'csv' && format !== 'json' && format !== 'xlsx') throw new UsageError(`import: --format must be csv, xlsx or json, got "${format}"`);
    let bytes: Buffer;
    try {
      bytes = await readFile(resolve(io.cwd, file));
    } catch (e) {
      io.err(`${file}: cannot read the file (${(e as Error).message})`);
      return EXIT_FAILURE;
    }
    const started = performance.now();
    const library = openLibrary({ dataDir: resolveDataDir(values['data-dir'], io), locale: 'zh-CN', seedsDir: null });
    try {
      let input: ImportInput;
      if (format === 'xlsx') input = { format, base64: bytes.toString('base64') };
      else {
        const decoded = decodeImportBytes(bytes);
        input = { format, text: decoded.text, encoding: decoded.encoding };
      }
      const result = values['dry-run'] ? await previewImport(library.store, input) : await applyImport(library.store, input);
      for (const e of result.errors) {
        const where = [e.cell ? `cell ${e.cell}` : '', e.sheet ? `sheet "${e.sheet}"` : ''].filter(Boolean).join(', ');
        io.err(`${file}:${e.row}:${e.column || '-'}: ${e.message}${where ? ` (${where})` : ''}`);
      }
      const s = result.summary;
      for (const n of s.notes) io.out(`note: ${n}`);
      const ms = Math.round(performance.now() - started);
      if (result.errors.length > 0) {
        io.err(`${file}: ${result.errors.length} error(s); nothing was saved`);
        return EXIT_FAILURE;
      }
      io.out(
        `${values['dry-run'] ? 'would import' : 'imported'} ${s.products} product(s) and ${s.scripts} script(s)` +
          `${s.playlists !== undefined ? `, ${s.playlists} playlist(s), ${s.plans ?? 0} plan(s)${s.settings ? ' and the settings' : ''}` : ''}` +
          `: ${s.created} new, ${s.updated} updated (${ms} ms)` +
          `${values['dry-run'] ? ' — dry run, nothing saved' : ''}`,
      );
      return EXIT_OK;
    } finally {
      library.close();
    }
  },
};
