import { isPlausiblePhone } from './phone';

describe('isPlausiblePhone', () => {
  it.each(['+1 202-555-0143', '(202) 555-0143', '202.555.0143', '+44 20 7946 0958', '+1 234-555-0123 ext. 12'])('accepts %s', (phone) => {
    expect(isPlausiblePhone(phone)).toBe(true);
  });

  it.each(['abc', '12', '+1 202-555-01434444', 'call 202 555 0143', '202-555-0143; DROP', '+'])('refuses %s', (phone) => {
    expect(isPlausiblePhone(phone)).toBe(false);
  });
});
