/**
 * Task lifecycle shared by video generation and long-text speech: creation (where task faults
 * apply) and the schedule that moves a task through its stages as it is queried.
 */

import { TASK_KINDS } from './faults.js';
import { messageForCode } from './respond.js';
import type { StoredFile, Task } from './state.js';
import type { MockContext } from './types.js';

/** Creates a task; a pending `taskFail` / `taskNeverEnds` fault for `path` shapes its fate. */
export function createTask(
  ctx: MockContext,
  path: string,
  init: Pick<Task, 'id' | 'kind' | 'stages' | 'produce' | 'result'> & { fileId?: number },
): Task {
  const fault = ctx.faults.take(path, TASK_KINDS);
  const failure =
    fault !== undefined && 'taskFail' in fault
      ? { code: fault.taskFail, message: fault.message ?? messageForCode(fault.taskFail) }
      : undefined;
  const task: Task = {
    ...init,
    createdAt: Date.now(),
    polls: 0,
    failure,
    neverEnds: fault !== undefined && 'taskNeverEnds' in fault,
    fileId: init.fileId,
  };
  ctx.state.tasks.set(`${task.kind}:${task.id}`, task);
  return task;
}

/** What a query sees. */
export interface TaskView {
  status: string;
  /** Present once the task succeeded. */
  file: StoredFile | undefined;
  failure: { code: number; message: string } | undefined;
}

/**
 * Counts a query and returns the task's status at this moment. The stage is the further of what
 * the poll count and the clock allow (see `TaskScheduleOptions`); the output file is stored the
 * first time the task is seen finished.
 */
export function queryTask(ctx: MockContext, task: Task, failStatus: string, count = true): TaskView {
  // A listing shows the status without counting as a poll of that task.
  if (count) task.polls += 1;
  const { pollsPerStage, msPerStage } = ctx.options;
  // An infinite `pollsPerStage` (clock-only schedule) divides down to stage 0.
  const byPolls =
    pollsPerStage === 0 ? Number.POSITIVE_INFINITY : Math.floor((task.polls - 1) / pollsPerStage);
  const byTime =
    msPerStage === undefined
      ? 0
      : msPerStage <= 0
        ? Number.POSITIVE_INFINITY
        : Math.floor((Date.now() - task.createdAt) / msPerStage);
  const last = task.stages.length - 1;
  let stage = Math.min(Math.max(byPolls, byTime), last);
  if (task.neverEnds) stage = Math.min(stage, last - 1);
  if (stage < last) {
    return { status: task.stages[stage] ?? 'Processing', file: undefined, failure: undefined };
  }
  if (task.failure !== undefined) return { status: failStatus, file: undefined, failure: task.failure };
  let file = task.fileId === undefined ? undefined : ctx.state.files.get(task.fileId);
  if (file === undefined) {
    file = ctx.state.addFile(task.produce(), task.fileId);
    task.fileId = file.file_id;
  }
  return { status: task.stages[last] ?? 'Success', file, failure: undefined };
}

/** Looks a task up by kind and id as the query sent it. */
export function findTask(ctx: MockContext, kind: Task['kind'], id: string): Task | undefined {
  return ctx.state.tasks.get(`${kind}:${id}`);
}
