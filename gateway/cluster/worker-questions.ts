import type { Worker } from "node:cluster";
import { log } from "../log";
import type { AnswerMessage, AskMessage, QuestionKind, Questions } from "./cluster-messages";

/** How long the primary waits for a worker's answer (status, metrics, totals, close) before going on without it. */
const ANSWER_TIMEOUT_MS = 2000;

interface PendingAnswer {
  workerId: number;
  resolve: (answer: unknown) => void;
  timer: NodeJS.Timeout;
}

/** The primary's questions to its workers over IPC, each answered, timed out, or void when its worker exits. */
export class WorkerQuestions {
  private readonly pending = new Map<number, PendingAnswer>();
  private nextAsk = 1;

  /** Asks one worker; resolves null when it exits or does not answer in time. */
  ask<K extends QuestionKind>(worker: Worker, kind: K, ask: Questions[K]["ask"]): Promise<Questions[K]["answer"] | null> {
    if (!worker.isConnected()) return Promise.resolve(null);
    const id = this.nextAsk++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        log.warn("gateway worker did not answer", { worker: worker.id, question: kind });
        resolve(null);
      }, ANSWER_TIMEOUT_MS);
      this.pending.set(id, { workerId: worker.id, resolve: resolve as (answer: unknown) => void, timer });
      const message: AskMessage<K> = { type: "portcullis:ask", id, kind, ask };
      worker.send(message);
    });
  }

  /** Asks every worker given; the answers by worker id, and whether all answered. */
  async askAll<K extends QuestionKind>(workers: readonly Worker[], kind: K, ask: Questions[K]["ask"]): Promise<{ answers: Map<number, Questions[K]["answer"]>; complete: boolean }> {
    const answers = await Promise.all(workers.map((worker) => this.ask(worker, kind, ask)));
    const byWorker = new Map<number, Questions[K]["answer"]>();
    answers.forEach((answer, i) => {
      if (answer !== null) byWorker.set(workers[i]!.id, answer);
    });
    return { answers: byWorker, complete: byWorker.size === workers.length };
  }

  /** Hands a worker's answer to the question waiting for it (a late one is dropped). */
  answered(message: AnswerMessage): void {
    const waiting = this.pending.get(message.id);
    if (waiting === undefined) return;
    this.pending.delete(message.id);
    clearTimeout(waiting.timer);
    waiting.resolve(message.answer);
  }

  /** Resolves every question still waiting for `workerId` with null: it exited. */
  workerExited(workerId: number): void {
    for (const [id, waiting] of this.pending) {
      if (waiting.workerId !== workerId) continue;
      this.pending.delete(id);
      clearTimeout(waiting.timer);
      waiting.resolve(null);
    }
  }
}
