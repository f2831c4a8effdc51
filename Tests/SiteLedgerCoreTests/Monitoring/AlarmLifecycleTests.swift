import SiteLedgerCore
import Testing

@Suite("Alarm lifecycle: raise, keep, clear, acknowledge, escalate")
struct AlarmLifecycleTests {
    @Test func anAlarmingExceedanceRaisesOnlyWhenNoneIsOpen() {
        #expect(AlarmLifecycle.transition(open: nil, verdict: .exceeds(alarming: true)) == .raise)
        #expect(AlarmLifecycle.transition(open: .cleared, verdict: .exceeds(alarming: true)) == .raise, "a cleared alarm is not open")
        #expect(AlarmLifecycle.transition(open: nil, verdict: .exceeds(alarming: false)) == nil, "within the day's allowance")
        for open in [AlarmStatus.active, .acknowledged] {
            #expect(AlarmLifecycle.transition(open: open, verdict: .exceeds(alarming: true)) == .keep, "one open alarm per device and rule")
            #expect(AlarmLifecycle.transition(open: open, verdict: .exceeds(alarming: false)) == .keep)
        }
    }

    @Test func onlyAValueBelowTheClearingLevelClearsAndAcknowledgedAlarmsClearToo() {
        #expect(AlarmLifecycle.transition(open: .active, verdict: .clears) == .clear)
        #expect(AlarmLifecycle.transition(open: .acknowledged, verdict: .clears) == .clear)
        #expect(AlarmLifecycle.transition(open: .active, verdict: .within) == nil)
        #expect(AlarmLifecycle.transition(open: nil, verdict: .clears) == nil)
        #expect(AlarmLifecycle.transition(open: .cleared, verdict: .clears) == nil)
    }

    @Test func onlyAnActiveAlarmCanBeAcknowledged() {
        #expect(AlarmLifecycle.acknowledge(.active) == .acknowledged)
        #expect(AlarmLifecycle.acknowledge(.acknowledged) == nil)
        #expect(AlarmLifecycle.acknowledge(.cleared) == nil)
    }

    @Test func anUnacknowledgedAlarmEscalatesOnceItHasWaitedLongEnough() {
        #expect(!AlarmLifecycle.escalationDue(raisedAt: 0, acknowledged: false, now: 3_599, after: 3_600))
        #expect(AlarmLifecycle.escalationDue(raisedAt: 0, acknowledged: false, now: 3_600, after: 3_600))
        #expect(!AlarmLifecycle.escalationDue(raisedAt: 0, acknowledged: true, now: 86_400, after: 3_600))
    }
}
