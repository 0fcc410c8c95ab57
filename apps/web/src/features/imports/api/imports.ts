import { openStream, type CreateImportRequest, type ImportCategory } from '@mdm-console/contract';
import { keepPreviousData, queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { saveFile } from '../../../lib/csv-download.ts';
import { queryRoots } from '../../../lib/query-keys.ts';

const importQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...queryRoots.imports, id],
    queryFn: ({ signal }) => api.getImport({ params: { id }, signal }),
    staleTime: Infinity,
  });

/** A preview's summary: it never changes once made. */
export const useImport = (id: string) => useQuery(importQueryOptions(id));

/** One page of a preview's entries, of one category or all. */
export const useImportEntries = (id: string, category: ImportCategory | undefined, after: number | undefined) =>
  useQuery({
    queryKey: [...importQueryOptions(id).queryKey, 'entries', category ?? 'all', after ?? 0],
    queryFn: ({ signal }) => api.listImportEntries({ params: { id }, query: { category, after, limit: 50 }, signal }),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });

/** Reads a file and asks for its preview (nothing is sent to devices). */
export const usePreviewImport = () =>
  useMutation({ mutationFn: (body: CreateImportRequest) => api.createImport({ body }) });

/** Saves the whole preview as CSV. */
export async function downloadImportPreview(id: string): Promise<void> {
  const response = await openStream('importEntriesCsv', { params: { id } });
  saveFile(await response.blob(), `import-preview-${id.slice(0, 8)}.csv`);
}
