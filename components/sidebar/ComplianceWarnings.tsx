import type { ComposeWarning, SidebarRecommendations } from '../../lib/contract';
import { CUE } from './strings';

/**
 * Avoid-phrases found in the rep's draft. The alternative is the best-ranked approved message
 * that lists the phrase (fitting messages come first in `cues.messages`), else the rule's own.
 */
export function ComplianceWarnings({ warnings, cues }: { warnings: ComposeWarning[]; cues?: SidebarRecommendations | null }) {
  if (warnings.length === 0) return null;
  const alternativeFor = (warning: ComposeWarning): string | undefined => {
    const phrase = warning.phrase.toLowerCase();
    const best = cues?.messages.find((m) => m.message.avoidPhrases?.some((p) => p.trim().toLowerCase() === phrase));
    return best?.message.title ?? cues?.versions[warning.ruleId]?.title;
  };
  return (
    <section className="warnings" role="alert" aria-label={CUE.complianceTitle}>
      <h2>{CUE.complianceTitle}</h2>
      <ul>
        {warnings.map((warning) => {
          const alternative = alternativeFor(warning);
          return (
            <li key={warning.phrase} data-testid="compliance-warning" data-rule-id={warning.ruleId}>
              <strong>{CUE.compliancePhrase(warning.phrase)}</strong>{' '}
              <span>{alternative ? CUE.complianceAlternative(alternative) : CUE.complianceNoAlternative}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
