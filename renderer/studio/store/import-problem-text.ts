import { useTranslation } from 'react-i18next';
import type { ImportProblem } from '../../../shared/import';

/** Says an import (or restore) problem in the studio's language from its code and params; the English message only if the code is unknown. */
export function useImportProblemText(): (problem: ImportProblem) => string {
  const { t, i18n } = useTranslation();
  return (problem) => {
    const key = `store.importErrors.${problem.code}`;
    return i18n.exists(key) ? t(key, problem.params) : problem.message;
  };
}
