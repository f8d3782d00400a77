/** The CSV import: upload with progress, then the per-row report. */
import { useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { uploadCsv } from "../api.ts";
import { Live, Problem, Submit, useAction } from "../form.tsx";

/** The import's 200 answer. */
export interface ImportReport {
  imported: number;
  skipped: { row: number; code: string; reason: string }[];
  skipped_count: number;
  weak_codes: number;
}

const REASON: Record<string, string> = {
  DUPLICATE: "already exists",
  INVALID: "not a valid code",
};

/** The import form and its report. */
export function ImportTickets(props: { orq: number }) {
  const form = useRef<HTMLFormElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const progress = useSignal<number | null>(null);
  const report = useSignal<ImportReport | null>(null);
  const act = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    const f = file.current?.files?.[0];
    if (!f) {
      act.refuse({ file: "Choose a CSV file first." }, form.current);
      return;
    }
    report.value = null;
    progress.value = 0;
    const r = await act.run(
      () =>
        uploadCsv<ImportReport>(
          `/api/tickets/import?orq=${props.orq}`,
          f,
          (p) => (progress.value = p),
        ),
      form.current,
    );
    if (!r?.ok) {
      progress.value = null;
      return;
    }
    report.value = r.data;
    act.done.value =
      `Import finished: ${r.data.imported} imported, ${r.data.skipped_count} skipped.`;
  };

  const fileError = act.fields.file ?? act.fields.body;
  const rep = report.value;
  return (
    <section class="panel" aria-labelledby="import-title">
      <h2 id="import-title">Import tickets (CSV)</h2>
      <p class="hint" id="import-hint">
        A header line naming <code>code</code>, and optionally{" "}
        <code>status</code> (PENDING_PAYMENT or ACTIVATED) and{" "}
        <code>order_ref</code>. Up to 100,000 rows; bad or duplicate rows are
        skipped and listed, the others imported.
      </p>
      <form ref={form} noValidate onSubmit={submit}>
        <Problem error={act.error.value} shown={["file", "body"]} />
        <div class="field adm-field">
          <label for="import-file">CSV file</label>
          <input
            id="import-file"
            ref={file}
            type="file"
            name="file"
            accept=".csv,text/csv"
            aria-describedby={`import-hint${
              fileError ? " import-file-error" : ""
            }`}
            aria-invalid={fileError ? "true" : undefined}
          />
          {fileError && (
            <p class="field-error" id="import-file-error">{fileError}</p>
          )}
        </div>
        {progress.value !== null && (
          <p class="adm-progress">
            <label for="import-progress">Upload</label>
            <progress
              id="import-progress"
              max={100}
              value={Math.round(progress.value * 100)}
            />
            <span>{Math.round(progress.value * 100)}%</span>
          </p>
        )}
        <Submit busy={act.busy.value} label="Import" busyLabel="Importing…" />
      </form>
      <Live text={act.done.value} />
      {rep && (
        <div class="adm-report" data-import-report>
          <dl class="adm-facts">
            <div>
              <dt>Imported</dt>
              <dd data-imported>{rep.imported}</dd>
            </div>
            <div>
              <dt>Skipped</dt>
              <dd data-skipped>{rep.skipped_count}</dd>
            </div>
            <div>
              <dt>Weak codes (under 80 bits)</dt>
              <dd>{rep.weak_codes}</dd>
            </div>
          </dl>
          {rep.weak_codes > 0 && (
            <p class="note">
              {rep.weak_codes}{" "}
              imported codes are shorter than 16 characters: easier to guess.
              Issue longer codes where you can.
            </p>
          )}
          {rep.skipped.length > 0 && (
            <div class="adm-scroll" tabIndex={0} aria-label="Skipped rows">
              <table class="adm-table">
                <caption>
                  Skipped rows{rep.skipped_count > rep.skipped.length
                    ? ` (first ${rep.skipped.length} of ${rep.skipped_count})`
                    : ""}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Code</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {rep.skipped.map((s) => (
                    <tr key={s.row}>
                      <td>{s.row}</td>
                      <td class="code">{s.code}</td>
                      <td>{REASON[s.reason] ?? s.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
