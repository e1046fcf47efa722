import type { SidebarRecommendations } from '../../lib/contract';
import { copyText, useSidebarStore } from './store';
import { CUE } from './strings';

export function BriefPanel({ cues }: { cues: SidebarRecommendations }) {
  const { record, say } = useSidebarStore.getState();
  const copy = async (text: string) => {
    const ok = await copyText(text);
    say(ok ? CUE.copied : CUE.copyFailed);
    if (ok) record({ type: 'brief_copied', prospectId: cues.prospectId, assetId: cues.assets[0]?.asset.id });
  };
  return (
    <div className="panel-body">
      <div className="actions">
        <button type="button" data-testid="copy-brief" onClick={() => void copy(cues.brief.text)}>
          {CUE.copyBrief}
        </button>
        <button type="button" className="secondary" data-testid="copy-brief-markdown" onClick={() => void copy(cues.brief.markdown)}>
          {CUE.copyBriefMarkdown}
        </button>
      </div>
      <pre className="brief" tabIndex={0} aria-label={CUE.briefTitle} dir="auto">
        {cues.brief.text}
      </pre>
    </div>
  );
}
