// The demo clinic's widget settings (README, "Config reference"). A file, not an inline script, so the page
// can run under a strict Content-Security-Policy.
window.ChatgateSettings = {
  business: 'Northfield Family Clinic',
  phone: '+44 7911 123456',
  privacy_url: 'privacy.html',
  message: 'Hello, I have a question about an appointment.',
  locale: 'auto'
};
