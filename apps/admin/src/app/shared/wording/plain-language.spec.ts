import { plainMessage } from './plain-language';

describe('plain language', () => {
  it.each([
    [
      'Constant Contact getActivityStatusCollection failed: ECONNREFUSED (after 5 attempts)',
      "Constant Contact could not be reached. Try again in a few minutes; if it keeps happening, check the server's internet connection.",
    ],
    [
      'The Constant Contact connection needs to be re-authorised (Constant Contact refused the ' +
        'refresh token (invalid_grant)). Reconnect under Settings.',
      'Constant Contact needs you to sign in again. Use Reconnect at the top of the page; paused work then continues where it stopped.',
    ],
    [
      'The Constant Contact daily request quota is used up; work resumes at 2026-11-24T00:00:00.000Z (00:00 UTC).',
      "Today's Constant Contact request quota is used up. Work continues by itself after midnight UTC; nothing needs to be done.",
    ],
    [
      'No Constant Contact account is connected. Connect one under Settings.',
      'Constant Contact is not connected. Connect it from the banner at the top of the page, then try again.',
    ],
    [
      'Constant Contact getContact failed (503): Service Unavailable',
      'Constant Contact had a problem on its side. Try again ' + 'in a few minutes.',
    ],
    [
      'Constant Contact postListAddContact failed (400 contacts.api.bad_request): list_ids must not be empty',
      'Constant Contact refused the request. The details below say what it answered; the API log has the full call.',
    ],
  ])('says "%s" in words, keeping the original as detail', (raw, text) => {
    expect(plainMessage(raw)).toEqual({ text, detail: raw });
  });

  it('takes API paths and run ids out of a sentence that is otherwise plain', () => {
    const raw =
      'The person unsubscribed in Constant Contact on 2026-11-03, and Constant Contact does not let an integration opt anyone back in. ' +
      "Send Constant Contact's re-subscribe email instead (POST /api/contacts/0b6f1f2e-5a4c-4c8e-9a53-1f0d2b7c9e11/ctct/resubscribe): they are opted in once they confirm.";
    expect(plainMessage(raw).text).not.toContain('/api/');
    expect(plainMessage(raw).text).toContain("Send Constant Contact's re-subscribe email instead: they are opted in once they confirm.");
    expect(
      plainMessage('A bulk membership run is already in progress ' + '(1b4e28ba-2fa1-11d2-883f-0016d3cca427); wait for it to finish.').text,
    ).toBe('A bulk membership run is already in progress; wait for it to finish.');
  });

  it('leaves a message that is already plain alone, with no details', () => {
    expect(plainMessage('Database unavailable')).toEqual({ text: 'Database unavailable', detail: null });
    expect(plainMessage(null)).toEqual({ text: '', detail: null });
  });
});
