// The demo clinic's assistant settings (README, "The agent assistant page"). A company hosting the page edits
// this file: where its template library is, when customers may be messaged, the UI language, rule overrides.
window.ChatgateAssistant = {
  // library_url: '/templates/library.json',   // else the library compiled into the page
  hours: { days: 'mon-sat', from: '09:00', to: '20:00' },
  ui_lang: 'auto',
  consent_admin: { url: 'http://127.0.0.1:8081' },  // the consent receiver where STOP replies are recorded
  rules: {
    // disabled: ['emoji_overuse'],
    // severity: { exclamation: 'suggestion' },
    // words: { pressure: ['asap'] },
  },
};
