/**
 * The repair conversation: the original request, the model's previous answer as the
 * assistant turn, and the structured feedback as the next user turn.
 */
import type { ChatMessage } from '../providers/types';
import { feedbackMessage, type RepairFeedback } from './feedback';

export function repairMessages(original: ChatMessage[], previousAnswer: string, feedback: RepairFeedback): ChatMessage[] {
  return [...original, { role: 'assistant', content: previousAnswer }, { role: 'user', content: feedbackMessage(feedback) }];
}
