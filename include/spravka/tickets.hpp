/** @file  @brief Tickets with nothing lost: the local outbox first, then delivery with one idempotency key.
 */
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "spravka/config.hpp"
#include "spravka/environment.hpp"
#include "spravka/error.hpp"
#include "spravka/privacy.hpp"
#include "spravka/store.hpp"
#include "spravka/support.hpp"

namespace spravka {

/// Where a ticket is on its way to support.
enum class TicketState {
    Queued,  ///< in the outbox: not delivered yet, will be sent by `ticket sync`
    Sent,    ///< the service has it
    Draft,   ///< the service refused it (validation); kept with the service's message
};
const char* ticket_state_name(TicketState state);  ///< "queued", "sent", "draft"

struct TicketSummary {
    int64_t id = 0;  ///< local number
    std::string backend;
    std::string remote_id;  ///< empty until delivered
    std::string number;     ///< the service's number, empty until delivered
    TicketState state = TicketState::Queued;
    std::string status;  ///< the service's status, "new" until known
    std::string subject;
    std::string role;
    bool urgent = false;
    int64_t created_at = 0;
    int64_t updated_at = 0;
    std::optional<int64_t> first_response_at;
    std::optional<int64_t> reply_due_at;
    std::string last_error;  ///< why it is still queued, or the service's message for a draft
    std::string rating;      ///< grade name, empty when not rated
    int queued_items = 0;    ///< outbox entries still waiting for this ticket (create, replies, rating)
};

struct TicketMessage {
    bool from_support = false;
    std::string author;
    std::string body;
    int64_t created_at = 0;
    bool queued = false;  ///< typed here, not delivered yet
};

struct TicketDetail {
    TicketSummary ticket;
    std::vector<TicketMessage> messages;
    std::string payload;  ///< the ticket as stored and sent (JSON text, already masked)
};

/// What one open/reply/rate did. `error` is empty when delivered; otherwise the item is safe locally:
/// Code::Network or Code::AuthRequired leave it queued, Code::Rejected makes the ticket a draft.
struct Delivery {
    TicketSummary ticket;
    std::optional<Error> error;
    std::vector<PersonalData> masked;  ///< what was masked before storing, for the warning
};

struct SyncReport {
    int delivered = 0;           ///< outbox items sent now
    int queued = 0;              ///< items still waiting
    int drafts = 0;              ///< tickets refused now and kept as drafts
    int refreshed = 0;           ///< tickets whose status was refreshed
    std::optional<Error> error;  ///< the first failure, when there was one
};

class TicketService {
public:
    /// @param backend  null when no service is configured: everything waits in the outbox, and
    ///                 `backend_problem` says how to configure one.
    TicketService(Store store, std::unique_ptr<HttpTransport> transport,
                  std::unique_ptr<SupportBackend> backend, Clock clock, Error backend_problem = {});
    TicketService(TicketService&&) noexcept;
    TicketService& operator=(TicketService&&) noexcept;
    ~TicketService();

    bool has_backend() const { return backend_ != nullptr; }
    /// Why nothing can be sent (no backend, no token), when `has_backend()` is false.
    const Error& backend_problem() const { return backend_problem_; }

    /// Masks card and passport numbers in every free-text field (MaskPolicy::for_ticket()).
    static NewTicket masked(const NewTicket& ticket, std::vector<PersonalData>& found);

    /// The exact first request `open` would send for `ticket` (masked), token hidden. Writes nothing.
    /// Without a backend, the request our own API would get at "<support.url>".
    [[nodiscard]] HttpRequest preview(const NewTicket& ticket) const;

    /// Masks, writes the ticket and its outbox entry in one transaction, then tries to deliver it.
    /// @return Code::Usage for an empty subject and message, Code::StateError/Io for the store;
    ///         delivery problems come back in Delivery::error, never as a failed Result.
    [[nodiscard]] Result<Delivery> open(const NewTicket& ticket);
    /// Queues a reply to ticket `id` and tries to deliver it. Code::NotFound for an unknown ticket.
    [[nodiscard]] Result<Delivery> reply(int64_t id, const std::string& body);
    [[nodiscard]] Result<Delivery> rate(int64_t id, Grade grade, const std::string& comment);

    /// Sends every outbox item in order, then (with `refresh`) updates statuses from the service.
    [[nodiscard]] Result<SyncReport> sync(bool refresh);
    /// True when the outbox holds anything.
    [[nodiscard]] Result<bool> has_queued();

    [[nodiscard]] Result<std::vector<TicketSummary>> list();
    /// The ticket and its conversation; with `refresh`, fetched from the service first (best effort:
    /// a failure leaves the local copy and comes back in `refresh_error`).
    [[nodiscard]] Result<TicketDetail> show(int64_t id, bool refresh,
                                            std::optional<Error>* refresh_error = nullptr);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    SupportBackend* backend_ = nullptr;
    Error backend_problem_;
};

struct TicketServiceOptions {
    std::string ca_file;  ///< Default: empty, i.e. support.ca_file. --ca-file.
    bool quick = false;   ///< Default: false. One try with a 3 s timeout: for start-up sync.
};

/// Wires a TicketService from the user's files: the store under dirs.state, the backend from the
/// config (support.backend, support.url, name, e-mail, group), the token from SPRAVKA_TOKEN or the
/// credentials file, the curl transport (with `ca_file` or support.ca_file) and the retry policy
/// (SPRAVKA_TEST_* variables). A missing backend or token is not an error: see `backend_problem`.
/// @return Code::StateError/Locked/Io for the store, Code::ConfigInvalid for a bad URL or an unsafe
///         credentials file.
[[nodiscard]] Result<TicketService> open_ticket_service(const Dirs& dirs, const Config& config,
                                                        const Environment& env,
                                                        const TicketServiceOptions& options = {});

/// The locale to report: LC_ALL, LC_MESSAGES, then LANG; "C" when none is set.
std::string current_locale(const Environment& env);

/// The library's version ("0.1.0").
const char* spravka_version();

}  // namespace spravka
