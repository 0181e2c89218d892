import { Foundation1764200000000 } from './1764200000000-foundation';
import { Workflow1764300000000 } from './1764300000000-workflow';
import { UserEmail1764400000000 } from './1764400000000-user-email';
import { Accountability1764500000000 } from './1764500000000-accountability';
import { AuditSigningKeys1764600000000 } from './1764600000000-audit-signing-keys';
import { Sessions1764650000000 } from './1764650000000-sessions';
import { SeparationOfDuties1764660000000 } from './1764660000000-separation-of-duties';
import { SingleSignOn1764700000000 } from './1764700000000-single-sign-on';
import { Inbox1764710000000 } from './1764710000000-inbox';
import { WorkingCalendar1764720000000 } from './1764720000000-working-calendar';
import { ReceiptAndUrges1764721000000 } from './1764721000000-receipt-and-urges';
import { SupervisionNotices1764722000000 } from './1764722000000-supervision-notices';
import { ReadPathIndexes1764730000000 } from './1764730000000-read-path-indexes';
import { DirectivesAndCloseOut1764760000000 } from './1764760000000-directives-and-close-out';
import { BulletinsAndComments1764770000000 } from './1764770000000-bulletins-and-comments';
import { DepartmentWebhooks1764780000000 } from './1764780000000-department-webhooks';
import { DraftPercentOptional1764795000000 } from './1764795000000-draft-percent-optional';
import { AppendAuditEvent1764800000000 } from './1764800000000-append-audit-event';
import { CloseOutEvidence1764820000000 } from './1764820000000-close-out-evidence';
import { IndicatorLatestActual1764870000000 } from './1764870000000-indicator-latest-actual';

/** Every migration, in order. Listed explicitly because the api is bundled (no globbing). */
export const MIGRATIONS = [
  Foundation1764200000000,
  Workflow1764300000000,
  UserEmail1764400000000,
  Accountability1764500000000,
  AuditSigningKeys1764600000000,
  Sessions1764650000000,
  SeparationOfDuties1764660000000,
  SingleSignOn1764700000000,
  Inbox1764710000000,
  WorkingCalendar1764720000000,
  ReceiptAndUrges1764721000000,
  SupervisionNotices1764722000000,
  ReadPathIndexes1764730000000,
  DirectivesAndCloseOut1764760000000,
  BulletinsAndComments1764770000000,
  DepartmentWebhooks1764780000000,
  DraftPercentOptional1764795000000,
  AppendAuditEvent1764800000000,
  CloseOutEvidence1764820000000,
  IndicatorLatestActual1764870000000,
];

/** Tables the runtime role may only INSERT into and SELECT from (docs/rules.md, database roles). */
export const APPEND_ONLY_TABLES = ['audit_event', 'audit_checkpoint', 'audit_signing_key', 'status_snapshot'];
