/** What every family's SQL needs to know about the run. */
export interface PanelContext {
  /** First and last month index of the panel rows. */
  start: number;
  end: number;
  /** First month index of the history read for lags and windows (start − 36). */
  historyStart: number;
  /** Latest month with data in the delivery (month index): the target is observed up to it. */
  lastMonth: number;
  /** Table name to read for each clean/ref input (the real table, or an empty stand-in when absent). */
  src: Record<string, string>;
}

/** Schema holding the intermediate tables of one run; dropped at the end. */
export const WORK = 'features_work';
