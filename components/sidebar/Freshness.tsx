import { daysUntil, type SidebarRecommendations } from '../../lib/contract';
import { CUE } from './strings';

/** Days ahead within which "expires in N days" is worth a badge. */
const EXPIRY_BADGE_DAYS = 30;

/** "expires in 5 days" and "replaced by v3" on a message or asset; nothing when neither applies. */
export function FreshnessBadges({
  item,
  versions,
  now,
  onOpenReplacement,
}: {
  item: { validUntil?: string; replacedBy?: string };
  versions: SidebarRecommendations['versions'];
  now: number;
  onOpenReplacement?: (id: string) => void;
}) {
  const days = daysUntil(item.validUntil, now);
  const newer = item.replacedBy ? versions[item.replacedBy] : undefined;
  if ((days === undefined || days > EXPIRY_BADGE_DAYS) && !item.replacedBy) return null;
  return (
    <span className="badges">
      {days !== undefined && days <= EXPIRY_BADGE_DAYS && <span className="badge badge-warn">{CUE.expiresIn(days)}</span>}
      {item.replacedBy &&
        (newer && onOpenReplacement ? (
          <button type="button" className="badge badge-link" onClick={() => onOpenReplacement(item.replacedBy!)} title={newer.title}>
            {CUE.replacedBy(newer.version)}
          </button>
        ) : (
          <span className="badge">{CUE.replacedBy(newer?.version)}</span>
        ))}
    </span>
  );
}
