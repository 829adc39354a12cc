// The ticket machinery lives in src/random (tickets, orders, scopes, the Randomness value). This module only
// re-exports it under its former path, which the SPEC §5 test vectors (test/draw/ticket.test.ts) import.
export { compareUtf8, sortTickets, ticketOrder } from "../random/order.js";
export {
  ALGORITHM_VERSION,
  TICKET_SPACE,
  type Ticket,
  TicketMachine,
  ticketHex,
  ticketOf,
  ticketU,
} from "../random/ticket.js";
