/**
 * The connectors' vendor → contract mappings (lib/import/connectors): pure functions, checked on
 * payloads shaped like the vendors' documented samples (../shared/research/connectors.md).
 */
import { describe, expect, it } from 'vitest';
import { prospect, touch } from '../../../lib/contract';
import { hubspotContactToPerson, hubspotEmailEventToTouch, hubspotFormSubmissionToTouch } from '../../../lib/import/connectors/hubspot';
import { marketoActivityToTouch, marketoLeadToPerson } from '../../../lib/import/connectors/marketo';
import { mauticContactToPerson, mauticEventToTouch } from '../../../lib/import/connectors/mautic';
import { salesforceLeadToPerson, salesforceMemberToTouch } from '../../../lib/import/connectors/salesforce';

const valid = (row: object) => expect(touch.safeParse({ prospectId: 'p-1', ...row }).success).toBe(true);

describe('connector mappings', () => {
  it('HubSpot contact: stage, persona, owner by id, MQL date, original source in words', () => {
    const result = hubspotContactToPerson(
      { id: '312929580', properties: { email: ' Ana@Acme.com ', firstname: 'Ana', lastname: 'Ruiz', lifecyclestage: 'marketingqualifiedlead', hs_persona: 'persona_1', hubspot_owner_id: '77', hs_lifecyclestage_marketingqualifiedlead_date: '2024-05-01T09:00:01.123Z', hs_analytics_source: 'PAID_SEARCH', website: 'https://www.acme.com/about', lastmodifieddate: '2024-05-01T09:00:01.123Z' } },
      new Map([['77', 'rep@acme.example']]),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        vendorId: '312929580',
        crm: { system: 'hubspot', recordId: '312929580' },
        prospect: { email: 'ana@acme.com', name: 'Ana Ruiz', domain: 'acme.com', stage: 'mql', persona: 'persona_1', crmIds: { hubspot: '312929580' }, updatedAt: '2024-05-01T09:00:01.123Z', owner: 'rep@acme.example', qualifiedAt: '2024-05-01T09:00:01.123Z', source: 'Paid search' },
      },
    });
    expect(prospect.safeParse({ id: 'p', ...(result.ok ? result.value.prospect : {}) }).success).toBe(true);
    expect(hubspotContactToPerson({ id: '1', properties: { firstname: 'No email' } })).toEqual({ ok: false, skip: 'HubSpot contact without an email address' });
  });

  it('HubSpot email events: opens and clicks with the raw filteredEvent kept; delivery events skipped', () => {
    const click = hubspotEmailEventToTouch({ id: '1d0', created: 1714546900000, type: 'CLICK', recipient: 'ana@acme.com', emailCampaignId: 7, url: 'https://acme.com/webinar', filteredEvent: true }, { name: 'May webinar', subject: 'Join us' });
    expect(click).toMatchObject({ ok: true, value: { person: { email: 'ana@acme.com' }, touch: { id: 't-hs-1d0', type: 'email_click', title: 'Clicked: Join us', campaign: 'May webinar', url: 'https://acme.com/webinar', automated: true, botFlag: 'filteredEvent=true' } } });
    if (click.ok) valid(click.value.touch);
    expect(hubspotEmailEventToTouch({ id: '2', created: 1, type: 'DELIVERED', recipient: 'a@b.co' })).toEqual({ ok: false, skip: 'email event DELIVERED' });
    const hostile = hubspotEmailEventToTouch({ id: '3', created: 1, type: 'CLICK', recipient: 'a@b.co', url: 'javascript:alert(1)' });
    expect(hostile.ok && 'url' in hostile.value.touch).toBe(false);
    expect(hubspotFormSubmissionToTouch({ guid: 'g', name: 'Demo' }, { submittedAt: 1714546800000, values: [{ name: 'email', value: 'Ana@acme.com' }], pageUrl: 'https://acme.com/demo' })).toMatchObject({ ok: true, value: { person: { email: 'ana@acme.com' }, touch: { type: 'form_submit', title: 'Submitted form: Demo' } } });
  });

  it('Salesforce: a custom status counted as a response is still a touch; a converted lead takes its contact’s id', () => {
    const member = salesforceMemberToTouch({ Id: '00v1', SystemModstamp: '2024-05-02T16:04:11.000+0000', Status: 'Booth scan', HasResponded: true, FirstRespondedDate: '2024-05-02', ContactId: '003A' }, { Name: 'Expo', Type: 'Trade Show' });
    expect(member).toMatchObject({ ok: true, value: { person: { vendorId: '003A' }, touch: { id: 't-sfcm-00v1-event', type: 'event', occurredAt: '2024-05-02T00:00:00.000Z' } } });
    expect(salesforceMemberToTouch({ Id: '00v2', SystemModstamp: '2024-05-02T16:04:11.000+0000', Status: 'Sent', HasResponded: false, ContactId: '003A' }, { Name: 'Expo' })).toEqual({ ok: false, skip: 'campaign member status Sent' });
    const lead = salesforceLeadToPerson({ Id: '00Q1', SystemModstamp: '2024-05-02T16:04:11.000+0000', Email: 'p@helix.io', Status: 'Closed - Converted', IsConverted: true, ConvertedContactId: '003B', LeadSource: 'Web', Owner: { Email: 'Rep@Acme.example' } });
    expect(lead).toMatchObject({ ok: true, value: { vendorId: '00Q1', crm: { recordId: '003B' }, prospect: { crmIds: { salesforce: '003B' }, stage: 'opportunity', source: 'Web', owner: 'rep@acme.example' } } });
  });

  it('Marketo: "Is Bot Activity" as a JSON boolean or as text, with its pattern kept; attendance from program status', () => {
    const open = marketoActivityToTouch({ marketoGUID: '2024852576', leadId: 5900785, activityDate: '2024-05-01T00:00:07Z', activityTypeId: 10, primaryAttributeValue: '2024-05 Webinar Invite.Email 1', attributes: [{ name: 'Is Bot Activity', value: 'true' }, { name: 'Bot Activity Pattern', value: 'Apple MPP' }] });
    expect(open).toMatchObject({ ok: true, value: { person: { vendorId: '5900785' }, touch: { id: 't-mkto-2024852576', type: 'email_open', campaign: '2024-05 Webinar Invite', automated: true, botFlag: 'Is Bot Activity=true; Bot Activity Pattern=Apple MPP' } } });
    const attended = marketoActivityToTouch({ marketoGUID: '9', leadId: 1, activityDate: '2024-05-01T00:00:07Z', activityTypeId: 104, primaryAttributeValue: 'May Webinar', attributes: [{ name: 'New Status', value: 'Attended' }] });
    expect(attended).toMatchObject({ ok: true, value: { touch: { type: 'webinar', title: 'Attended: May Webinar' } } });
    expect(marketoActivityToTouch({ marketoGUID: '10', leadId: 1, activityDate: '2024-05-01T00:00:07Z', activityTypeId: 1, primaryAttributeValue: 'acme.com/guide.pdf' })).toMatchObject({ ok: true, value: { touch: { type: 'download', url: 'https://acme.com/guide.pdf' } } });
    expect(marketoLeadToPerson({ id: 5, email: 'x@y.co', sfdcContactId: '003C' })).toMatchObject({ ok: true, value: { crm: { system: 'salesforce', recordId: '003C' }, prospect: { crmIds: { marketo: '5', salesforce: '003C' } } } });
  });

  it('Mautic: contacts keyed as Mautic sends them, an email-sourced page hit is a click, no bot flag', () => {
    expect(mauticContactToPerson({ id: 47, dateModified: '2024-05-01T14:12:03-05:00', fields: { all: { email: 'ana@acme.com', firstname: 'Ana', lastname: 'Ruiz', company: 'Acme', position: 'CFO' } } })).toMatchObject({
      ok: true,
      value: { vendorId: '47', prospect: { email: 'ana@acme.com', title: 'CFO', crmIds: { mautic: '47' }, updatedAt: '2024-05-01T19:12:03.000Z' } },
    });
    const hit = mauticEventToTouch({ event: 'page.hit', eventId: 'page.hit9', timestamp: '2024-05-02T03:09:07+00:00', contactId: '47', details: { hit: { url: 'https://acme.com/pricing', source: 'email' } } });
    expect(hit).toMatchObject({ ok: true, value: { touch: { id: 't-mautic-page.hit9', type: 'email_click', url: 'https://acme.com/pricing' } } });
    if (hit.ok) expect(hit.value.touch.automated).toBeUndefined();
    expect(mauticEventToTouch({ event: 'point.gained', eventId: 'x', timestamp: '2024-05-02T03:09:07+00:00', contactId: '47' })).toEqual({ ok: false, skip: 'Mautic point.gained' });
  });
});
