import { Icon } from "./Icons.tsx";
import {
  type Conflict,
  conflictCode,
  conflictSentences,
  groupConflicts,
  groupSources,
} from "./conflicts.ts";

/**
 * Offline scans that disagree with the server, one item per ticket, newest
 * first: a guest admitted twice (every time and gate) or admitted offline
 * but refused. A warning shape and words, not colour alone; nothing when
 * there are none.
 */
export function ConflictPanel(
  props: { conflicts: Conflict[]; timezone: string; date: string },
) {
  if (props.conflicts.length === 0) return null;
  const groups = groupConflicts(props.conflicts);
  return (
    <section
      class="panel conflicts"
      aria-labelledby="conflicts-title"
      data-conflicts={props.date}
    >
      <h2 id="conflicts-title">
        Offline conflicts ({groups.length}{" "}
        {groups.length === 1 ? "ticket" : "tickets"})
      </h2>
      <ul class="alert-list" aria-live="polite">
        {groups.map((g) => (
          <li
            key={g.code}
            class="alert-banner alert-warning"
            data-conflict={g.kind}
          >
            <Icon kind="warning" />
            <span>
              <strong>
                Ticket <span class="code">{conflictCode(g)}</span>:
              </strong>{" "}
              {conflictSentences(g, props.timezone).join(". ")}.{" "}
              <span class="conflict-who">{groupSources(g)}.</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
