import { Notification } from 'electron';
import type { NotificationContent } from './notification-model';

// Notifications are kept referenced until closed: a garbage-collected Notification loses its click handler.
const live = new Set<Notification>();

export function showNotification(content: NotificationContent, onClick?: () => void): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: content.title, body: content.body, urgency: content.urgency, silent: content.urgency !== 'critical' });
  live.add(n);
  if (onClick) n.on('click', onClick);
  n.on('close', () => live.delete(n));
  n.show();
}
