import { Icon } from "./Icons.tsx";
import {
  type Conflict,
  conflictCode,
  conflictSentence,
  sideSource,
} from "./conflicts.ts";

/**
 * Offline scans that disagree with the server, newest first: a guest
 * admitted twice (both times and gates) or admitted offline but refused. A
 * warning shape and words, not colour alone; nothing when there are none.
 */
export function ConflictPanel(
  props: { conflicts: Conflict[]; timezone: string; date: string },
) {
  if (props.conflicts.length === 0) return null;
  return (
    <section
      class="panel conflicts"
      aria-labelledby="conflicts-title"
      data-conflicts={props.date}
    >
      <h2 id="conflicts-title">
        Offline conflicts ({props.conflicts.length})
      </h2>
      <ul class="alert-list" aria-live="polite">
        {props.conflicts.map((c) => (
          <li
            key={c.id}
            class="alert-banner alert-warning"
            data-conflict={c.kind}
          >
            <Icon kind="warning" />
            <span>
              <strong>
                Ticket <span class="code">{conflictCode(c)}</span>:
              </strong>{" "}
              {conflictSentence(c, props.timezone)}.{" "}
              <span class="conflict-who">
                {c.first ? `${sideSource(c.first)}, then ` : "By "}
                {sideSource(c.second)}.
              </span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
