import Foundation
import SiteLedgerCore
import Testing

@Suite("UUID canonical text")
struct UUIDTextTests {
    @Test func writesWhatFoundationWrites() {
        for _ in 0..<1_000 {
            let uuid = UUID()
            #expect(uuid.canonicalText == uuid.uuidString)
        }
        #expect(UUID(uuid: (0, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54, 0x32)).canonicalText
            == "00012345-6789-ABCD-EFFE-DCBA98765432")
    }

    @Test func readsWhatFoundationReadsInEitherCase() {
        for _ in 0..<1_000 {
            let uuid = UUID()
            #expect(UUID(canonicalText: uuid.uuidString) == uuid)
            #expect(UUID(canonicalText: uuid.uuidString.lowercased()) == uuid)
        }
        #expect(UUID(canonicalText: "e621e1f8-c36c-495a-93fc-0c247a3e6e5f") == UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
    }

    @Test(arguments: [
        "", "E621E1F8-C36C-495A-93FC-0C247A3E6E5", "E621E1F8-C36C-495A-93FC-0C247A3E6E5F0",
        "E621E1F8C36C-495A-93FC-0C247A3E6E5F0", "E621E1F8-C36C-495A-93FC_0C247A3E6E5F", "G621E1F8-C36C-495A-93FC-0C247A3E6E5F",
        "E621E1F8-C36C-495A-93FC-0C247A3E6E5 ", "E621E1F8-C36C-495A-93FC-0C247A3E6E5é",
    ])
    func refusesAnythingElse(text: String) {
        #expect(UUID(canonicalText: text) == nil)
        #expect(UUID(uuidString: text) == nil)
    }
}
