// The demo clinic's widget settings (README, "Config reference"). A file, not an inline script, so the page
// can run under a strict Content-Security-Policy.
window.ChatgateSettings = {
  business: 'Northfield Family Clinic',
  phone: '+44 7911 123456',
  privacy_url: 'privacy.html',
  message: 'Hello, I have a question about an appointment.',
  // Opening hours (issue 16): the chat screen says whether the clinic is open, in the visitor's time too.
  hours: {
    timezone: 'Europe/London', days: 'mon-fri', from: '08:00', to: '18:30',
    reply_time: { en: 'within an hour', ru: 'в течение часа', zh: '一小时内' }
  },
  greeting: { text: { en: 'Questions about your results? We are on WhatsApp.', ru: 'Вопросы о результатах? Мы в WhatsApp.', zh: '对检查结果有疑问？我们在 WhatsApp 上。' }, delay_s: 8 },
  pages: [{ match: '/privacy*', message: 'Hello, I have a question about your privacy policy.' }],
  region: 'GB',
  locale: 'auto',
  // The demo's own consent receiver (`chatgate serve --db`): consents given on this site are stored there.
  consent_endpoint: 'http://127.0.0.1:8081/consents',
  purposes: [
    {
      id: 'results',
      label: { en: 'Test results', ru: 'Результаты анализов', zh: '检查结果' },
      value: { en: 'know the day they are ready', ru: 'узнать в тот же день, когда они готовы', zh: '结果出来当天就知道' }
    },
    {
      id: 'reminders',
      label: { en: 'Appointment reminders', ru: 'Напоминания о приёме', zh: '预约提醒' },
      value: { en: 'the day before your visit', ru: 'за день до визита', zh: '就诊前一天提醒' }
    },
    {
      id: 'offers',
      label: { en: 'Health checks and vaccination news', ru: 'Новости о чек-апах и прививках', zh: '体检和疫苗资讯' },
      value: { en: 'at most twice a month', ru: 'не чаще двух раз в месяц', zh: '每月最多两次' }
    }
  ]
};
