#include "daemon/DataDirectory.h"

#include <QFile>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include <sys/stat.h>

using gatehouse::daemon::DataDirectory;

namespace {
mode_t modeOf(const QString& path) {
    struct stat info {};
    ::stat(QFile::encodeName(path).constData(), &info);
    return info.st_mode & 0777;
}
} // namespace

TEST(DataDirectory, CreatesAPrivateDirectory) {
    QTemporaryDir parent;
    const DataDirectory dir(parent.filePath(QStringLiteral("data")));
    ASSERT_TRUE(dir.createEmpty().ok());
    EXPECT_EQ(modeOf(dir.path()), 0700u);
    EXPECT_FALSE(dir.isInitialized());
}

TEST(DataDirectory, RefusesANonEmptyDirectoryAndTouchesNothing) {
    QTemporaryDir parent;
    QFile existing(parent.filePath(QStringLiteral("keep.txt")));
    ASSERT_TRUE(existing.open(QIODevice::WriteOnly));
    existing.write("precious");
    existing.close();
    const DataDirectory dir(parent.path());
    const auto created = dir.createEmpty();
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code, "data_dir_exists");
    EXPECT_TRUE(created.error().message.contains(parent.path()));
    QFile check(existing.fileName());
    ASSERT_TRUE(check.open(QIODevice::ReadOnly));
    EXPECT_EQ(check.readAll(), "precious");
}

TEST(DataDirectory, SecretFilesAreOwnerOnlyAndNeverOverwritten) {
    QTemporaryDir parent;
    const DataDirectory dir(parent.path());
    ASSERT_TRUE(dir.writeSecretFile(QStringLiteral("tls/server.key"), "secret").ok());
    EXPECT_EQ(modeOf(dir.filePath(QStringLiteral("tls/server.key"))), 0600u);
    const auto again = dir.writeSecretFile(QStringLiteral("tls/server.key"), "other");
    EXPECT_FALSE(again.ok());
    QFile file(dir.filePath(QStringLiteral("tls/server.key")));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(file.readAll(), "secret");
}

TEST(DataDirectory, ReadsTheMasterKey) {
    QTemporaryDir parent;
    const DataDirectory dir(parent.path());
    const QByteArray key(32, 'k');
    ASSERT_TRUE(dir.writeSecretFile(QStringLiteral("master.key"), key.toBase64() + '\n').ok());
    const auto read = dir.readMasterKey();
    ASSERT_TRUE(read.ok()) << read.error().toString().toStdString();
    EXPECT_EQ(*read, key);
}

TEST(DataDirectory, RefusesAMasterKeyOthersCanRead) {
    QTemporaryDir parent;
    const DataDirectory dir(parent.path());
    ASSERT_TRUE(
        dir.writeSecretFile(QStringLiteral("master.key"), QByteArray(32, 'k').toBase64()).ok());
    ::chmod(QFile::encodeName(dir.masterKeyFile()).constData(), 0644);
    const auto read = dir.readMasterKey();
    ASSERT_FALSE(read.ok());
    EXPECT_TRUE(read.error().message.contains(QStringLiteral("chmod 600")))
        << read.error().message.toStdString();
}

TEST(DataDirectory, RefusesAMalformedMasterKey) {
    QTemporaryDir parent;
    const DataDirectory dir(parent.path());
    ASSERT_TRUE(dir.writeSecretFile(QStringLiteral("master.key"), "c2hvcnQ=\n").ok());
    const auto read = dir.readMasterKey();
    ASSERT_FALSE(read.ok());
    EXPECT_TRUE(read.error().message.contains(QStringLiteral("32-byte")));
}

TEST(DataDirectory, MissingMasterKeyPointsAtInit) {
    QTemporaryDir parent;
    const auto read = DataDirectory(parent.path()).readMasterKey();
    ASSERT_FALSE(read.ok());
    EXPECT_TRUE(read.error().message.contains(QStringLiteral("gatehoused init")));
}
