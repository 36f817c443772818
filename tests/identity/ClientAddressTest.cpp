#include "identity/ClientAddress.h"

#include <gtest/gtest.h>

using gatehouse::identity::attackCounterAddress;
using namespace Qt::StringLiterals;

TEST(ClientAddress, Ipv4IsItselfAlsoWhenMapped) {
    EXPECT_EQ(attackCounterAddress(u"203.0.113.7"), u"203.0.113.7"_s);
    EXPECT_EQ(attackCounterAddress(u"::ffff:203.0.113.7"), u"203.0.113.7"_s);
    EXPECT_EQ(attackCounterAddress(u"::FFFF:cb00:7107"), u"203.0.113.7"_s);
    EXPECT_EQ(attackCounterAddress(u" 203.0.113.7 "), u"203.0.113.7"_s);
}

TEST(ClientAddress, Ipv6CountsPerSlash64) {
    EXPECT_EQ(attackCounterAddress(u"2001:db8:1:2::1"), u"2001:db8:1:2::/64"_s);
    EXPECT_EQ(attackCounterAddress(u"2001:0DB8:0001:0002:ffff:ffff:ffff:ffff"),
              u"2001:db8:1:2::/64"_s);
    EXPECT_NE(attackCounterAddress(u"2001:db8:1:3::1"), attackCounterAddress(u"2001:db8:1:2::1"));
    EXPECT_EQ(attackCounterAddress(u"::1"), u"::/64"_s);
    EXPECT_EQ(attackCounterAddress(u"fe80::1%eth0"), u"fe80::/64"_s);
}

TEST(ClientAddress, AnythingElseIsKeptNeverAnError) {
    EXPECT_EQ(attackCounterAddress(u""), u"unknown"_s);
    EXPECT_EQ(attackCounterAddress(u"  "), u"unknown"_s);
    EXPECT_EQ(attackCounterAddress(u"Not-An-Address"), u"not-an-address"_s);
}
